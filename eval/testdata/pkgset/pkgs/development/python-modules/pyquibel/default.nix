{ lib, buildPythonPackage, fetchPypi, pytestCheckHook, pysenraktem, pyquimi, pynuzesol }:

buildPythonPackage rec {
  pname = "pyquibel";
  version = "3.16";
  format = "pyproject";

  src = fetchPypi {
    inherit pname version;
    sha256 = "19nq3my7f49nv5gvy9a1cypvm4a6hi73xqr3xliyb95nh6cgjcbr";
  };

  propagatedBuildInputs = [ pysenraktem pyquimi pynuzesol ];
  pythonImportsCheck = [ (lib.replaceStrings [ "-" ] [ "_" ] pname) ];

  meta = with lib; {
    description = "The pyquibel library, generated";
    homepage = "https://example.org/projects/pyquibel";
    license = licenses.gpl3Only;
    platforms = platforms.linux;
    maintainers = with maintainers; [ alice ];
  };
}
