{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pykamipul, pynuwarab }:

buildPythonPackage rec {
  pname = "pysolsolsol";
  version = "1.1.0";
  format = "setuptools";

  src = fetchPypi {
    inherit pname version;
    sha256 = "2320084e02430392fbadf9b4ec37c665751fc68fe99379b1bc7525585d935fc7";
  };

  propagatedBuildInputs = [ pykamipul pynuwarab ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pysolsolsol library, generated";
    homepage = "https://example.org/projects/pysolsolsol";
    license = licenses.bsd3;
    platforms = platforms.linux;
    maintainers = with maintainers; [ bob ];
  };
}
