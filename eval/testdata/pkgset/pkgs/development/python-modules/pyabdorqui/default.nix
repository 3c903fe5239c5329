{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pyvinvinze, pyzipzip, pyrakqui }:

buildPythonPackage rec {
  pname = "pyabdorqui";
  version = "1.2";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "2ad2082ad35388ede28eb904113fc29f6a9314863869e41ab40f5d592c0661cb";
  };

  propagatedBuildInputs = [ pyvinvinze pyzipzip pyrakqui ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyabdorqui library, generated";
    homepage = "https://example.org/projects/pyabdorqui";
    license = licenses.mit;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice dave ];
  };
}
